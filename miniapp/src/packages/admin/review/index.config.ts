export default definePageConfig({ navigationBarTitleText: '未答问题', enablePullDownRefresh: true });
