export default definePageConfig({ navigationBarTitleText: '群发通知', enablePullDownRefresh: true });
