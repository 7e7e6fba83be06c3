// Placeholder: replaced by the signer implementation.
export const handler = async (): Promise<unknown> => ({ statusCode: 501 });
