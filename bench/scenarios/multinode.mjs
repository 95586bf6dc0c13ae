export async function multinodeScenario() { throw new Error('todo'); }
