export default definePageConfig({ navigationBarTitleText: '口岸' });
