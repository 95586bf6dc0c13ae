import { createContext } from 'svelte';

/**
 * How many messages wait unread in the agent's other active chats, handed from the workspace's list
 * to the open chat: on a phone the list is hidden while a chat is open, and the chat's way back to
 * it is where the agent can see that someone else wrote.
 */
export const [getUnreadElsewhere, setUnreadElsewhere] = createContext<() => number>();
