export default definePageConfig({ navigationBarTitleText: '确认分享的资料' });
