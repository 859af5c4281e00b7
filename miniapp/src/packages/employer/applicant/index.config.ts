export default definePageConfig({ navigationBarTitleText: '应聘者' });
