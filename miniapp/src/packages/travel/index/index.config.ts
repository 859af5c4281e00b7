export default definePageConfig({ navigationBarTitleText: '出行' });
