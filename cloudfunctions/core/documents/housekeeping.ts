/** What the functions keep for themselves: facts about the environment, and daily counters. */

/** _id = the fact's name, e.g. 'storagePrefix'. */
export interface SettingDoc {
  _id: string;
  value: string;
}

/** _id = who and which Beijing day; counted in the transaction that does what is limited. */
export interface QuotaDoc {
  _id: string;
  count: number;
}
