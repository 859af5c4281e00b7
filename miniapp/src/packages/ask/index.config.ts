export default definePageConfig({ navigationBarTitleText: '问湾事通' });
