export default definePageConfig({ navigationBarTitleText: '新建通知' });
