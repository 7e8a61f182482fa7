/** Room names, always scoped by tenant: a room never mixes tenants. */
export const customerRoom = (tenantId: string, customerId: string) => `t:${tenantId}:customer:${customerId}`;
/** Every connection of one user: where their own requests' updates go. */
export const userRoom = (tenantId: string, userId: string) => `t:${tenantId}:user:${userId}`;
/** On-duty supervisors of a level for one team; team '*' is the level's pool. */
export const dutyRoom = (tenantId: string, level: string, team: string) => `t:${tenantId}:duty:${level}:${team}`;
/** Every socket of one session (a session id is unique across tenants): signing out disconnects them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
