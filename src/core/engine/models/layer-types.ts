import type * as tfl from '@tensorflow/tfjs-layers';

/** tfjs-layers keeps these types in deep modules; derive them from the public class instead. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
export type Kwargs = Parameters<tfl.layers.Layer['call']>[1];
export type LayerInputs = Parameters<tfl.layers.Layer['call']>[0];
export type ConfigDict = ReturnType<tfl.layers.Layer['getConfig']>;
export type Initializer = ReturnType<typeof tfl.initializers.randomNormal>;

/** The one tensor a single-input layer receives (tfjs-layers may wrap it in an array). */
export function onlyInput<T>(inputs: T | T[]): T {
  if (!Array.isArray(inputs)) return inputs;
  const [first] = inputs;
  if (first === undefined || inputs.length !== 1) {
    throw new Error(`expected exactly one input, got ${inputs.length}`);
  }
  return first;
}

/** The one shape of a single-input layer. */
export function onlyShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
  const first = shape[0];
  return Array.isArray(first) ? (first as tfl.Shape) : (shape as tfl.Shape);
}
