export async function dashboardScenario() { throw new Error('todo'); }
