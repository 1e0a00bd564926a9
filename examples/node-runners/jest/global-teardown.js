export default async function globalTeardown() {
  await globalThis.__OVHMOCK__.stop();
}
