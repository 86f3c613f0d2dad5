/** The topic menu: what each button of the menu lists. */
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { MenuTopic } from './payloads';

const TOPIC_PREFIXES: Readonly<Record<MenuTopic, readonly string[]>> = {
  documents: ['status.'],
  housing: ['shelter.'],
  money: ['aid.'],
  health: ['healthcare.'],
  work: ['work.'],
  school: ['school.'],
  travel: ['travel.'],
  family: ['family.'],
  safety: ['safety.'],
  human: ['contact.'],
};

export function entriesOfTopic(knowledge: KnowledgeBase, topic: MenuTopic): string[] {
  const prefixes = TOPIC_PREFIXES[topic];
  return knowledge.entries.filter((e) => prefixes.some((p) => e.id.startsWith(p))).map((e) => e.id);
}
