export default definePageConfig({ navigationBarTitleText: '通关指南' });
