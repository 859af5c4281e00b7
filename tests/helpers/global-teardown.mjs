export default async function globalTeardown() {
  await globalThis.__BAY_ENGINE__?.stop();
}
