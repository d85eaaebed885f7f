import { getCloud } from './sdk';

/**
 * Subscription-message templates, configured per environment (function environment variables), so the
 * template ids live in one place: the client asks the function which one to request.
 */
export function templateId(name: 'facilityEffective' | 'filingExpiring'): string | null {
  const ids = {
    facilityEffective: process.env.TEMPLATE_FACILITY_EFFECTIVE,
    filingExpiring: process.env.TEMPLATE_FILING_EXPIRING,
  };
  return ids[name] || null;
}

export async function sendSubscribeMessage(message: {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}): Promise<boolean> {
  try {
    await getCloud().openapi.subscribeMessage.send({ ...message, miniprogramState: 'formal' });
    return true;
  } catch (error) {
    // 43101: the person did not subscribe (or used the one-time subscription already): nothing to retry.
    console.error('subscribeMessage.send failed:', (error as { errCode?: number }).errCode ?? 'unknown');
    return false;
  }
}
