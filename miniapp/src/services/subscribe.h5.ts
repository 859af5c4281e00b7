/** Browsers have no WeChat subscribe messages: the inbox carries every update. */
export async function prepareSubscribe(): Promise<void> {}

export async function askForGrants(): Promise<void> {}
