import { buildLineFigure } from '../report/buildLineFigure';
import type { Figure } from '../report/Figure';
import type { TrainingHistory } from './types';

/**
 * Loss and accuracy curves (training vs validation, per epoch) of a training history, ready for
 * `showFigure` — the plots read for under/over-fitting in notebook 02.
 * @param history - from `trainModel`.
 * @param title - prefix of the figure titles. @default ''
 */
export function buildHistoryFigures(history: TrainingHistory, title = ''): { loss: Figure; accuracy: Figure } {
  if (!history || !Array.isArray(history.epochs) || history.epochs.length === 0) throw new RangeError('buildHistoryFigures: history has no epoch');
  const x = history.epochs.map((e) => e.epoch);
  const hasVal = history.epochs.some((e) => e.valLoss !== undefined);
  const pre = title ? `${title}: ` : '';
  const loss = buildLineFigure(
    x,
    { train: history.epochs.map((e) => e.loss), ...(hasVal ? { validation: history.epochs.map((e) => e.valLoss ?? null) } : {}) },
    { title: `${pre}loss`, xTitle: 'epoch', yTitle: 'cross-entropy', markers: true },
  );
  const accuracy = buildLineFigure(
    x,
    {
      train: history.epochs.map((e) => e.accuracy),
      ...(hasVal ? { validation: history.epochs.map((e) => e.valAccuracy ?? null), 'validation (balanced)': history.epochs.map((e) => e.valBalancedAccuracy ?? null) } : {}),
    },
    { title: `${pre}accuracy`, xTitle: 'epoch', yTitle: 'accuracy', markers: true },
  );
  return { loss, accuracy };
}
