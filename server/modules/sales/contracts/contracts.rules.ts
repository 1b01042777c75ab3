/** Sales contract rules, pure. */
export interface ContractInputProblem {
  field: 'validUntil' | 'lines';
  en: string;
  zh: string;
}

/** A contract's period runs forward, and each product has one agreed price in it. */
export function checkContractInput(input: {
  validFrom: string;
  validUntil: string;
  lines: readonly { productId: number }[];
}): ContractInputProblem | null {
  if (input.validUntil < input.validFrom) {
    return {
      field: 'validUntil',
      en: 'the contract ends before it starts',
      zh: '合同结束日期早于开始日期',
    };
  }
  const seen = new Set<number>();
  for (const line of input.lines) {
    if (seen.has(line.productId)) {
      return {
        field: 'lines',
        en: `product ${line.productId} is listed twice; a contract has one price per product`,
        zh: `产品 ${line.productId} 重复出现；每个产品在合同中只能有一个价格`,
      };
    }
    seen.add(line.productId);
  }
  return null;
}

export type ContractStatus = 'active' | 'cancelled';

/** Only an active contract can be cancelled; a cancelled one stays as it is (its orders keep their prices). */
export function canCancel(status: ContractStatus): boolean {
  return status === 'active';
}
