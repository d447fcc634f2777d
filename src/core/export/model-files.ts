import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileSynced } from '../fs/atomic-folder';
import { EXPORT_FILES } from './export-job';
import { weightsFileInside } from './generator-folder';
// Registers the studio's custom layers (spectral norm, channel norm, label embedding, minibatch std)
// with tfjs serialization, so a saved generator loads back.
import '../engine/models';

/**
 * A tfjs Layers model as files, in the layout `tf.loadLayersModel` reads: `model.json` (topology and
 * weights manifest) and one `weights.bin` (every weight, little-endian, in manifest order). tfjs-node's
 * `file://` handler does this in Node, but the studio cannot rely on tfjs-node, so both directions are
 * here, on tfjs's own save and load hooks.
 */
const MODEL_FILE = EXPORT_FILES.model;
const WEIGHTS_FILE = EXPORT_FILES.weights;

/** Saves `model` into `dir` (which must exist); answers the two file names. */
export async function writeLayersModel(model: tfl.LayersModel, dir: string): Promise<[string, string]> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
        throw new Error('tfjs gave no topology or weights to save');
      }
      const modelJson: tf.io.ModelJSON = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      writeFileSynced(join(dir, WEIGHTS_FILE), weights);
      writeFileSynced(join(dir, MODEL_FILE), `${JSON.stringify(modelJson)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return [MODEL_FILE, WEIGHTS_FILE];
}

/** A load handler for a model folder on this machine: `model.json` and the weight files it lists. */
export function folderModelHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest
          .flatMap((group) => group.paths)
          .map((path) => {
            // Only files inside the folder: a manifest must not reach elsewhere on this machine.
            const bytes = readFileSync(weightsFileInside(dir, path));
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
          });
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** An exported model folder as a tfjs model (the studio's custom layers are registered). */
export function loadLayersModelFromFolder(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(folderModelHandler(dir));
}
