/**
 * The run's shared view of the best offer so far, as the buyer's utility in money: each brand
 * negotiation reports the supplier offers inside the buyer's limits and reads the best of the
 * others as its alternative. It holds numbers only, never who offered what, so nothing a
 * negotiation reads from it can name a competitor or its terms.
 */
export class MarketBoard {
  private readonly best = new Map<string, number>();

  report(supplierId: string, buyerUtility: number): void {
    const current = this.best.get(supplierId);
    if (current === undefined || buyerUtility > current) this.best.set(supplierId, buyerUtility);
  }

  /** The best utility any other supplier has offered, or undefined while none has. */
  bestExcept(supplierId: string): number | undefined {
    let best: number | undefined;
    for (const [id, utility] of this.best) {
      if (id !== supplierId && (best === undefined || utility > best)) best = utility;
    }
    return best;
  }
}
