export default definePageConfig({ navigationBarTitleText: '吃住游' });
