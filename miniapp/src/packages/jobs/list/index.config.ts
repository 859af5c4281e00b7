export default definePageConfig({ navigationBarTitleText: '职位', enablePullDownRefresh: true, onReachBottomDistance: 120 });
