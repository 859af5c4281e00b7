export default definePageConfig({ navigationBarTitleText: '通关', enablePullDownRefresh: true });
