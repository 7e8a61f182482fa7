/** Room names, always scoped by tenant: a room never mixes tenants. */
export const customerRoom = (tenantId: string, customerId: string) => `t:${tenantId}:customer:${customerId}`;
