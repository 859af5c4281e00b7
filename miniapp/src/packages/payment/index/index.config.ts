export default definePageConfig({ navigationBarTitleText: '汇率换算' });
