export async function stormScenario() { throw new Error('todo'); }
