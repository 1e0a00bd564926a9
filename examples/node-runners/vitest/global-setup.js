// One server for the whole vitest run, handed to the test files through provide/inject.
import { startOvhMock } from 'ovhmock';

/** @param {{provide: (key: string, value: unknown) => void}} context */
export default async function setup({ provide }) {
  const mock = await startOvhMock({ nodeOvh: true });
  provide('ovhmock', { url: mock.url, ca: mock.ca, nodeOvhConfig: mock.nodeOvhConfig });
  return () => mock.stop();
}
