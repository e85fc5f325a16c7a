import ar from './glossary/ar.json' with { type: 'json' };
import de from './glossary/de.json' with { type: 'json' };
import es from './glossary/es.json' with { type: 'json' };
import fr from './glossary/fr.json' with { type: 'json' };
import pt from './glossary/pt.json' with { type: 'json' };
import ru from './glossary/ru.json' with { type: 'json' };
import zh from './glossary/zh.json' with { type: 'json' };

/**
 * The glossaries shipped for the drug-policy domain, by language code: each maps words and phrases of another UN
 * language (or of German or Portuguese) to the English words of the record (src/retrieve/glossary.ts reads
 * them; src/retrieve/language.ts checks them against their schema when it loads them). Written by helpers from the
 * corpus and UN terminology (German and Portuguese from the Spanish glossary and the corpus), without any question set.
 */
export const shippedGlossaries: Record<string, unknown> = { ar, de, es, fr, pt, ru, zh };
