export default definePageConfig({ navigationBarTitleText: '我的职位', enablePullDownRefresh: true });
