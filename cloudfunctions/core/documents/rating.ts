import type { Sealed } from '../identity/personalData';
import type { Channel } from '../rules/rating';

/** What the rating function stores: one home for the shapes. */
export interface VisitDoc {
  _id: string;
  cityCode: string;
  serviceCode: string;
  serviceName: string;
  window: string;
  staff: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface RatingDoc {
  _id: string;
  owner: string;
  requestId: string;
  serviceRef: { kind: 'declaration' | 'filing' | 'visit'; id: string };
  serviceTitle: string;
  serviceCode: string;
  cityCode: string;
  channel: Channel;
  level: number;
  bad: boolean;
  aspects: Record<string, number>;
  reasons: string[];
  comment: string | null;
  callbackPhone: Sealed | null;
  /** When the rater deleted their data: the call-back number and the comment were erased with it. */
  raterDeletedAt?: Date | null;
  submittedAt: Date;
  day: string;
  month: string;
  followUp: null | {
    state: '待核实' | '整改中' | '已整改' | '已回复';
    dueDate: string;
    claimedBy: string | null;
    verification: string | null;
    rectification: string | null;
    answer: string | null;
    repliedAt: Date | null;
    /** Answered within the time limit: fixed when the answer is given, for the 整改率. */
    repliedOnTime: boolean;
    residentSatisfied: boolean | null;
  };
}

/** Published statistics (_id = city:month:item:channel:level): kept in the rating's and the answer's transactions. */
export interface RatingCountDoc extends Pick<RatingDoc, 'cityCode' | 'month' | 'serviceCode' | 'channel' | 'level'> {
  _id: string;
  count: number;
  followedUpInTime: number;
  /** Demo counts of the local cloud (sampleRatingCounts.ts), never added to real ones and published apart as 示例. */
  sample?: true;
}
