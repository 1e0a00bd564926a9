import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['vitest/**/*.spec.js'],
    // Starts one server for the whole run; vitest/shared.spec.js reaches it through inject().
    globalSetup: './vitest/global-setup.js',
  },
});
