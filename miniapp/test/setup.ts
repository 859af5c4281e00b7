// Taro's build injects these as globals for *.config.ts files.
(globalThis as Record<string, unknown>).defineAppConfig = <T>(config: T) => config;
(globalThis as Record<string, unknown>).definePageConfig = <T>(config: T) => config;
