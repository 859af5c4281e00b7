export default definePageConfig({ navigationBarTitleText: '人工工单', enablePullDownRefresh: true });
