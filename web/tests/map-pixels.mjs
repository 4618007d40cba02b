// What the screen shows in the atlas's map: the share of its pixels that are
// land (Morocco's or another country's fill) and cluster circles, read from a
// screenshot (what was composited, not what MapLibre thinks it has drawn).
// A map whose tiles are loaded but not drawn is the sea's colour only.
const LAND = [[0xfb, 0xfa, 0xf6], [0xf4, 0xf1, 0xea]];
const CLUSTER = [0x0b, 0x6e, 0x4f];  // at 85 % opacity over land: within 40 of it

export async function mapPixels(page) {
  const clip = await page.evaluate(() => {
    const r = window.atlasMap.getCanvas().getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async ({ png, LAND, CLUSTER }) => {
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
    const near = (i, [r, gr, b], d) => Math.abs(data[i] - r) <= d && Math.abs(data[i + 1] - gr) <= d
      && Math.abs(data[i + 2] - b) <= d;
    let land = 0, cluster = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (LAND.some((c) => near(i, c, 3))) land++;
      else if (near(i, CLUSTER, 40)) cluster++;
    }
    const n = data.length / 4;
    return { land: land / n, cluster: cluster / n };
  }, { png, LAND, CLUSTER });
}
