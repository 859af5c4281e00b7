import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const taroEnv = process.env.TARO_ENV ?? 'weapp';

/*
 * @bay/shared is TypeScript source with a built ES2018 copy in shared/dist (run
 * `npm run build -w @bay/shared` first). The alias pins webpack to that copy so the build never
 * depends on the `development` export condition.
 */
const sharedDist = path.resolve(__dirname, '../../shared/dist/index.js');

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'bay-connect-miniapp',
    date: '2025-01-01',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT: a folder of one's own (tests build a second H5 copy there).
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${taroEnv}`,
    plugins: [],
    // Becomes process.env.TARO_APP_API_BASE in the bundle. Only weapp reads it: H5 calls the
    // same origin (src/services/api-base.h5.ts) because its preview server proxies /api.
    env: { TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000') },
    defineConstants: {},
    alias: { '@bay/shared': sharedDist },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
