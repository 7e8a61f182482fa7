/** Room names, always scoped by tenant: a room never mixes tenants. */
export const customerRoom = (tenantId: string, customerId: string) => `t:${tenantId}:customer:${customerId}`;
/** Every connection of one user: where their own requests' updates go. */
export const userRoom = (tenantId: string, userId: string) => `t:${tenantId}:user:${userId}`;
/** On-duty supervisors of a level for one team; team '*' is the level's pool. */
export const dutyRoom = (tenantId: string, level: string, team: string) => `t:${tenantId}:duty:${level}:${team}`;
