export default definePageConfig({ navigationBarTitleText: '湾事通' });
