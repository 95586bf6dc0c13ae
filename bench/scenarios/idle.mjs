export async function idleScenario() { throw new Error('todo'); }
