import { expect, test } from './fixtures';

test.describe('the server host', () => {
  test.beforeEach(({ host }) => {
    test.skip(host !== 'server', 'token authentication belongs to the server host');
  });

  test('the API answers 401 without the token and JSON with it', async ({ server, request }) => {
    const info = new URL('api/system/info', server!.baseUrl).toString();
    const anonymous = await request.get(info);
    expect(anonymous.status()).toBe(401);
    expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const wrong = await request.get(info, { headers: { Authorization: 'Bearer not-the-token' } });
    expect(wrong.status()).toBe(401);

    const withHeader = await request.get(info, { headers: { Authorization: `Bearer ${server!.token}` } });
    expect(withHeader.status()).toBe(200);
    expect(await withHeader.json()).toMatchObject({ ok: true, value: { host: 'server' } });

    const withQuery = await request.get(`${info}?token=${server!.token}`);
    expect(withQuery.status()).toBe(200);
  });

  test('the page keeps the token for the tab and takes it out of the address bar', async ({ app }) => {
    await expect(app.view('datasets')).toBeVisible();
    expect(app.page.url()).not.toContain('token=');
    await app.page.reload();
    await app.open('system');
    await expect(app.view('system').getByTestId('system-host')).toHaveText('server');
  });

  test('a page opened without the token says how to get in', async ({ app, server }) => {
    await app.page.goto(server!.baseUrl);
    await app.page.evaluate(() => sessionStorage.clear());
    await app.page.reload();
    await expect(app.toasts().first()).toContainText(/access token/i);
  });
});
