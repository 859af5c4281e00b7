export default definePageConfig({ navigationBarTitleText: '申请职位' });
