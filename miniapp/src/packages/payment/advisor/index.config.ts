export default definePageConfig({ navigationBarTitleText: '用什么付款' });
