/**
 * IPC — sampling and queuing ports over configured channels (prtos-hypercalls §5.3–§5.4,
 * core/objects/commports.c), the port notifications of prtos-states §5.2, what a partition reset
 * does to ports (§1.3), and the communication property of DESIGN.md.
 *
 * The check orders are the real ones. Where commports.c indexes the wrong table entry or
 * registers too early, the requirement states the evident intent and names the decision.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

const C = 'core/objects/commports.c';

export const IPC_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-IPC-1',
    "The port id a create call returns, and that later descriptors carry, shall be the global port index: the partition's first port index plus the port's position in its own port table.",
    hc('§5.3', `${C}:89-93`),
  ),
  req(
    'REQ-IPC-2',
    "Every port call shall first check its argument block (RW, not NULL) for ctrl, then return PERM_ERROR if the descriptor's partition field is not the caller's partition.",
    hc('§5.3', `${C}:37`, `${C}:107`, `${C}:326-342`, `${C}:654-669`),
  ),
  req(
    'REQ-IPC-3',
    "Creating a sampling port shall return INVALID_PARAM for an invalid name pointer, PERM_ERROR for a foreign descriptor, INVALID_PARAM for a direction other than SOURCE (2) or DESTINATION (1) or a name that matches none of the caller's ports, INVALID_CONFIG for a queuing port or a different configured direction, NO_ACTION if the port is already open, INVALID_CONFIG if max_msg_size or valid_period differs from the channel, and otherwise register the caller on the channel, open the port and return its global index.",
    hc('§5.3', `${C}:28-94`, `${C}:326-342`),
  ),
  req(
    'REQ-IPC-4',
    "A port-name lookup shall consider only the caller's own ports, so a name that matches none of them returns INVALID_PARAM.",
    hc('§5.3', `${C}:50-55`, `${C}:259-262`, `${C}:380-383`, `${C}:633-636`),
    { intended: 'HC-A17' },
  ),
  req(
    'REQ-IPC-5',
    'A port id taken from a descriptor shall be checked against the number of configured ports before it is used, and an id out of range shall return INVALID_PARAM.',
    hc('§5.3', `${C}:98`, `${C}:180`, `${C}:282`, `${C}:419`, `${C}:500`, `${C}:592`),
    { intended: 'ST-A16' },
  ),
  req(
    'REQ-IPC-6',
    "Writing a sampling message shall return PERM_ERROR for a foreign descriptor, INVALID_PARAM if the port is not owned and open by the caller, not sampling or not a source, INVALID_CONFIG for size 0, OK doing nothing if the port has no channel, INVALID_CONFIG for a size above the channel maximum, INVALID_PARAM for an invalid message pointer, and otherwise overwrite the channel's message, stamp it with the current time, notify every receiver that has opened its port, and return OK (0).",
    hc('§5.3', `${C}:178-244`),
    { intended: 'HC-A66' },
  ),
  req(
    'REQ-IPC-7',
    "A sampling write shall mark the new message on each registered receiver's own destination port (so its status reads NEW_MSG) and set the bit of that port in the receiver's comm-port bitmap, set the bit of the source port in the sender's bitmap, and raise SAMPLING_PORT (4) on each receiver partition.",
    hc('§5.3', `${C}:214-237`),
    { intended: 'HC-A19' },
  ),
  req(
    'REQ-IPC-8',
    "Reading a sampling message shall return PERM_ERROR for a foreign descriptor, INVALID_PARAM for an invalid flags pointer (NULL allowed), INVALID_PARAM if the port is not owned and open by the caller, not sampling or not a destination, INVALID_CONFIG for size 0, 0 if the port has no channel, INVALID_CONFIG for a size above the channel maximum, INVALID_PARAM for an invalid message pointer, and otherwise copy min(size, message length) bytes of the latest message (new or not), mark the port CONSUMED, clear its bitmap bit, clear the sender's bit and raise SAMPLING_PORT on the sender, write the VALID flag, and return the number of bytes copied.",
    hc('§5.3', `${C}:96-176`),
  ),
  req(
    'REQ-IPC-9',
    'A sampling message shall be VALID when its channel has been written, its validity period is not infinite and the time of the write plus the validity period is later than now; with an infinite validity period a written message shall always be VALID.',
    hc('§5.3', `${C}:168`, `${C}:317`),
    { intended: 'HC-A24' },
  ),
  req(
    'REQ-IPC-10',
    'GET_PORT_STATUS on a sampling port shall check as read does (INVALID_PARAM for a port not owned, not open or not sampling) and report the last message size, the time of the last write, NEW_MSG, CONSUMED or EMPTY, and VALID; without a channel everything shall read 0.',
    hc('§5.3', `${C}:280-324`),
  ),
  req(
    'REQ-IPC-11',
    "GET_PORT_INFO on a sampling or queuing port shall find the port by exact name among the caller's ports without requiring it to be open, return INVALID_PARAM for an unknown name or a port of the other type, and report the configured maximum size, direction and (sampling) validity period or (queuing) maximum number of messages; any other port command shall return INVALID_PARAM.",
    hc('§5.3', `${C}:246-278`, `${C}:620-652`),
  ),
  req(
    'REQ-IPC-12',
    "Creating a queuing port shall make the sampling create checks (with QUEUING in place of SAMPLING), check max_num_of_msgs and max_msg_size against the channel and return INVALID_CONFIG on a mismatch before registering the caller as the channel's sender or receiver, and otherwise open the port and return its global index.",
    hc('§5.4', `${C}:361-415`),
    { intended: 'HC-A22' },
  ),
  req(
    'REQ-IPC-13',
    'GET_PORT_STATUS on a queuing port shall report the number of queued messages, and without a channel shall zero only the queuing status it returns.',
    hc('§5.4', `${C}:590-618`),
    { intended: 'HC-A23' },
  ),
  req(
    'REQ-IPC-14',
    'Sending a queuing message shall make the write checks (queuing, source), drop it and return OK if the port has no channel, return OP_NOT_ALLOWED without any change if the queue is full, and otherwise append a copy at the tail, raise QUEUING_PORT (5) on the receiver partition and set the bitmap bits of receiver and sender, and return OK.',
    hc('§5.4', `${C}:417-496`),
  ),
  req(
    'REQ-IPC-15',
    "Receiving a queuing message shall make the read checks (queuing, destination, a buffer size not above the channel maximum), return 0 if the port has no channel, return OP_NOT_ALLOWED if the queue is empty, and otherwise remove the oldest message, copy min(size, its length) bytes (the rest is lost), raise QUEUING_PORT on the sender, clear the bitmap bits of the receiver's port and of the sender's port when the queue becomes empty, and return the number of bytes copied.",
    hc('§5.4', `${C}:498-588`),
    { intended: 'HC-A21' },
  ),
  req(
    'REQ-IPC-16',
    "A kernel update of another partition's comm-port bitmap shall locate that bitmap with that partition's own memory-area count.",
    hc('§5.3', `${C}:158-160`, `${C}:228-230`, `${C}:470-472`, `${C}:572-574`),
    { intended: 'HC-A20' },
  ),
  req(
    'REQ-IPC-17',
    'A message size of 0, or above the channel maximum, shall make a port read or write return INVALID_CONFIG.',
    hc(
      '§5.3',
      `${C}:124`,
      `${C}:128`,
      `${C}:198`,
      `${C}:202`,
      `${C}:440`,
      `${C}:444`,
      `${C}:524`,
      `${C}:528`,
    ),
  ),
  req(
    'REQ-IPC-18',
    "A partition reset shall clear only the OPENED flag of the partition's ports: channel contents, queued messages and the channels' sender and receiver registrations shall survive.",
    st('§1.3', `${C}:350-359`),
  ),
  req(
    'REQ-IPC-19',
    'Re-creating a port after a partition reset shall succeed and shall not register the partition on the channel a second time.',
    st('§9', `${C}:73-81`),
    { intended: 'ST-A17' },
  ),
  req(
    'REQ-IPC-20',
    'Sampling and queuing ports shall carry messages only along configured channels, in order, without loss up to the channel capacity, with the specified errors beyond it and for bad sizes.',
    hc('§5.3'),
    {
      derived: true,
      rationale:
        'The communication property of DESIGN.md (Properties: Communication and privilege), the end-to-end form of the per-call requirements above; the real kernel breaks it with A17, A19, A20 of prtos-hypercalls §8.',
      intended: 'HC-A17',
    },
  ),
  req(
    'REQ-IPC-21',
    'With status accounting, every successful sampling read and write and queuing send and receive shall increment the system-wide counter and the counter of the partition that made it.',
    st('§7.1', `${C}:140-143`, `${C}:209-213`, `${C}:458-461`, `${C}:543-546`),
    { intended: 'ST-OPEN-2' },
  ),
];
