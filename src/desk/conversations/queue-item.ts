// A conversation as the agents' queue lists it: what the queue service reads
// and the socket's queue frame carries to the console's script. This module
// imports nothing, so the browser type check can follow the frames here.

export interface QueueItem {
  id: number;
  source: string;
  locale: string;
  state: string;
  createdAt: string;
  assignedStaffId: number | null;
  assignedName: string | null;
  lastMessageId: number;
  agentReadId: number;
}
