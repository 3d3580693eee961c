/**
 * The dependency parser: greedy arc-hybrid transitions chosen by one averaged perceptron, arc
 * labels by a second (factored this way, the label model sees the finished arc and the transition
 * model stays three-way, which keeps training memory and parse time small). Trained with the
 * dynamic oracle and exploration: after the first epoch the trainer follows its own (possibly wrong)
 * moves and learns the best move from there, so it learns to recover from its mistakes.
 * Words in, heads (-1 for the root) and UD relations out; it never reads files.
 */
import { hashString, seededRandom, shuffle } from './hash.js';
import { labelFeatures, MAX_FEATURES, transitionFeatures, type SentenceView } from './features.js';
import { PerceptronTrainer, type LinearModel } from './perceptron.js';
import { normaliseWord, type PosTagger } from './tagger.js';
import { ACTIONS, GoldTree, ParseState, SHIFT } from './transitions.js';

const ROOT_WORD = hashString('<root>');
const MARKER_RELATIONS = ['case', 'mark'];

export interface ParsedWords {
  /** Head of each word as an index into the words, -1 for the root. */
  heads: Int32Array;
  deprels: string[];
}

/** What the parser needs of a tagged sentence: word forms plus the tagger's classes. */
export interface ParserInput {
  words: readonly string[];
  /** Tagger class per word. */
  tags: Int32Array;
  /** `hashString(normaliseWord(word))` per word, when the tagger has computed it already. */
  wordHashes?: Uint32Array;
}

function markerSet(labels: readonly string[]): Set<number> {
  return new Set(MARKER_RELATIONS.map((name) => labels.indexOf(name)).filter((index) => index >= 0));
}

/** Builds the feature view of a sentence (index n is the root). `coarseOf` maps tag class → UPOS index. */
function viewOf(input: ParserInput, tagCount: number, coarseOf: Int32Array): SentenceView {
  const n = input.words.length;
  const words = new Uint32Array(n + 1);
  const tags = new Int32Array(n + 1);
  const coarse = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    words[i] = input.wordHashes ? input.wordHashes[i]! : hashString(normaliseWord(input.words[i]!));
    tags[i] = input.tags[i]!;
    coarse[i] = coarseOf[input.tags[i]!] ?? -2;
  }
  words[n] = ROOT_WORD;
  tags[n] = tagCount;
  coarse[n] = -3;
  return { words, tags, coarse };
}

/** Maps each tagger class to the index of its UPOS among the distinct UPOS tags. */
export function coarseTags(tagger: PosTagger): Int32Array {
  const uposNames: string[] = [];
  return Int32Array.from(
    tagger.tagClasses.map((c) => {
      let index = uposNames.indexOf(c.upos);
      if (index < 0) index = uposNames.push(c.upos) - 1;
      return index;
    }),
  );
}

export class DependencyParser {
  private readonly features = new Uint32Array(MAX_FEATURES);
  private readonly actionScores = new Float32Array(ACTIONS);
  private readonly labelScores: Float32Array;
  private readonly markers: Set<number>;
  private readonly rootLabel: number;
  private readonly coarseOf: Int32Array;

  constructor(
    readonly transitions: LinearModel,
    readonly labeller: LinearModel,
    readonly labels: readonly string[],
    readonly tagger: PosTagger,
  ) {
    this.labelScores = new Float32Array(labels.length);
    this.markers = markerSet(labels);
    this.rootLabel = labels.indexOf('root');
    this.coarseOf = coarseTags(tagger);
  }

  /** Tags and parses one sentence of word forms. */
  parseWords(words: readonly string[]): ParsedWords & { upos: string[]; xpos: string[] } {
    const tagged = this.tagger.tag(words);
    return { ...this.parse({ words, tags: tagged.classes, wordHashes: tagged.wordHashes }), upos: tagged.upos, xpos: tagged.xpos };
  }

  /** Parses one tagged sentence. */
  parse(input: ParserInput): ParsedWords {
    const n = input.words.length;
    const view = viewOf(input, this.tagger.tagClasses.length, this.coarseOf);
    const state = new ParseState(n, this.markers);
    const features = this.features;
    while (!state.terminal) {
      const count = transitionFeatures(view, state, features);
      const scores = this.actionScores;
      scores.fill(0);
      this.transitions.score(features, count, scores);
      let action = -1;
      for (let a = 0; a < ACTIONS; a++) if (state.isValid(a) && (action < 0 || scores[a]! > scores[action]!)) action = a;
      let label = -1;
      if (action !== SHIFT) {
        const { head, dependent } = state.arcOf(action);
        label = this.chooseLabel(view, state, action, head, dependent);
      }
      state.apply(action, label);
    }
    const heads = new Int32Array(n);
    const deprels: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      heads[i] = state.heads[i] === n ? -1 : state.heads[i]!;
      deprels[i] = this.labels[state.labels[i]!] ?? 'dep';
    }
    return { heads, deprels };
  }

  private chooseLabel(view: SentenceView, state: ParseState, action: number, head: number, dependent: number): number {
    if (head === state.n && this.rootLabel >= 0) return this.rootLabel;
    const count = labelFeatures(view, state, action, head, dependent, this.features);
    const scores = this.labelScores;
    scores.fill(0);
    this.labeller.score(this.features, count, scores);
    let best = -1;
    for (let c = 0; c < scores.length; c++) if (c !== this.rootLabel && (best < 0 || scores[c]! > scores[best]!)) best = c;
    return best;
  }
}

export interface ParserTrainingSentence extends ParserInput {
  /** Gold heads, -1 for the root. */
  heads: Int32Array;
  deprels: readonly string[];
}

export interface ParserTrainingOptions {
  epochs: number;
  seed: number;
  /** Probability of following the model's own move (when it is wrong) from the second epoch on. */
  explore?: number;
  /** Weights below this (absolute) are dropped from the averaged models. */
  pruneBelow?: number;
  /** Labels in class order (usually every relation in the training data). */
  labels: readonly string[];
  /** Called after each epoch; `snapshot()` gives the averaged parser as it stands (for model selection). */
  onEpoch?: (
    epoch: number,
    stats: { actionAccuracy: number; labelAccuracy: number; transitionRows: number; labelRows: number },
    snapshot: () => DependencyParser,
  ) => void;
}

export function trainParser(sentences: readonly ParserTrainingSentence[], tagger: PosTagger, options: ParserTrainingOptions): DependencyParser {
  const labels = options.labels;
  const labelIndex = new Map(labels.map((name, i) => [name, i]));
  const markers = markerSet(labels);
  const rootLabel = labels.indexOf('root');
  const coarseOf = coarseTags(tagger);
  const tagCount = tagger.tagClasses.length;
  const transitionTrainer = new PerceptronTrainer(ACTIONS);
  const labelTrainer = new PerceptronTrainer(labels.length);
  const features = new Uint32Array(MAX_FEATURES);
  const actionScores = new Float32Array(ACTIONS);
  const labelScores = new Float32Array(labels.length);
  const costs = new Int32Array(ACTIONS);
  const random = seededRandom(options.seed);
  const explore = options.explore ?? 0.9;
  const prepared = sentences.map((s) => {
    const n = s.words.length;
    const goldHeads = Int32Array.from(s.heads, (h) => (h < 0 ? n : h));
    return { view: viewOf(s, tagCount, coarseOf), gold: new GoldTree(goldHeads), goldLabels: Int32Array.from(s.deprels, (name) => labelIndex.get(name) ?? 0), n };
  });
  const pruneBelow = options.pruneBelow ?? 0;
  const snapshot = (): DependencyParser => new DependencyParser(transitionTrainer.average(pruneBelow), labelTrainer.average(pruneBelow), labels, tagger);
  const order = prepared.map((_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffle(order, random);
    let actionsRight = 0;
    let actionsTotal = 0;
    let labelsRight = 0;
    let labelsTotal = 0;
    for (const index of order) {
      const { view, gold, goldLabels, n } = prepared[index]!;
      const state = new ParseState(n, markers);
      while (!state.terminal) {
        const count = transitionFeatures(view, state, features);
        actionScores.fill(0);
        transitionTrainer.score(features, count, actionScores);
        let guess = -1;
        let best = -1;
        let minCost = Infinity;
        for (let a = 0; a < ACTIONS; a++) {
          if (!state.isValid(a)) continue;
          costs[a] = gold.cost(state, a);
          if (costs[a]! < minCost) minCost = costs[a]!;
          if (guess < 0 || actionScores[a]! > actionScores[guess]!) guess = a;
        }
        for (let a = 0; a < ACTIONS; a++) {
          if (state.isValid(a) && costs[a] === minCost && (best < 0 || actionScores[a]! > actionScores[best]!)) best = a;
        }
        if (costs[guess]! > minCost) transitionTrainer.update(features, count, best, guess);
        else actionsRight++;
        actionsTotal++;
        transitionTrainer.tick();
        const action = guess !== best && epoch > 1 && random() < explore ? guess : best;
        let label = -1;
        if (action !== SHIFT) {
          const { head, dependent } = state.arcOf(action);
          if (head === n && rootLabel >= 0) label = rootLabel;
          else {
            const labelCount = labelFeatures(view, state, action, head, dependent, features);
            labelScores.fill(0);
            labelTrainer.score(features, labelCount, labelScores);
            let labelGuess = -1;
            for (let c = 0; c < labels.length; c++) if (c !== rootLabel && (labelGuess < 0 || labelScores[c]! > labelScores[labelGuess]!)) labelGuess = c;
            if (gold.heads[dependent] === head) {
              const truth = goldLabels[dependent]!;
              labelTrainer.update(features, labelCount, truth, labelGuess);
              labelTrainer.tick();
              if (truth === labelGuess) labelsRight++;
              labelsTotal++;
              label = truth;
            } else label = labelGuess;
          }
        }
        state.apply(action, label);
      }
    }
    options.onEpoch?.(epoch, {
      actionAccuracy: actionsRight / Math.max(1, actionsTotal),
      labelAccuracy: labelsRight / Math.max(1, labelsTotal),
      transitionRows: transitionTrainer.rows,
      labelRows: labelTrainer.rows,
    }, snapshot);
  }
  return snapshot();
}
