export default definePageConfig({ navigationBarTitleText: '应聘者', enablePullDownRefresh: true });
