/**
 * Volcengine regions by name, from the ECS endpoint guide (docs 6396/1581668) as transcribed
 * in the reference notes: the names as Volcengine publishes them (zh-cn) and our English
 * rendering. The one table for the tree, the pickers and the settings check.
 */
export interface KnownRegion {
  regionId: string;
  /** English name (our translation of the published Chinese name). */
  en: string;
  /** The name as Volcengine publishes it. */
  zhCn: string;
}

export const KNOWN_VOLCENGINE_REGIONS: readonly KnownRegion[] = [
  { regionId: 'cn-beijing', en: 'China North 2 (Beijing)', zhCn: '华北2（北京）' },
  { regionId: 'cn-beijing2', en: 'China North 3', zhCn: '华北3' },
  { regionId: 'cn-datong', en: 'China North 4 (Datong)', zhCn: '华北4（大同）' },
  { regionId: 'cn-wulanchabu', en: 'China North 5 (Ulanqab)', zhCn: '华北5（乌兰察布）' },
  { regionId: 'cn-shanghai', en: 'China East 2 (Shanghai)', zhCn: '华东2（上海）' },
  { regionId: 'cn-guangzhou', en: 'China South 1 (Guangzhou)', zhCn: '华南1（广州）' },
  { regionId: 'cn-hongkong', en: 'Hong Kong (China)', zhCn: '中国香港' },
  { regionId: 'ap-southeast-1', en: 'Asia Pacific Southeast (Johor)', zhCn: '亚太东南（柔佛）' },
  { regionId: 'ap-southeast-3', en: 'Asia Pacific Southeast (Jakarta)', zhCn: '亚太东南（雅加达）' },
];

export function knownRegion(regionId: string): KnownRegion | undefined {
  return KNOWN_VOLCENGINE_REGIONS.find((r) => r.regionId === regionId);
}

/** The region's name in the given locale ("zh-cn" gets the published name), or its id when unknown. */
export function regionName(regionId: string, locale: string): string {
  const region = knownRegion(regionId);
  if (!region) return regionId;
  return locale.toLowerCase().startsWith('zh') ? region.zhCn : region.en;
}
