export default definePageConfig({ navigationBarTitleText: '医疗' });
