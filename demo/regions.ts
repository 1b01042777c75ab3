/**
 * China's 31 mainland provinces grouped into the seven sales regions (大区) a medical-device
 * company typically uses, with each province's capital and main cities.
 */
export interface ProvinceSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  cities: [code: string, nameZh: string, nameEn: string][];
}

export interface SalesRegionSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  provinces: ProvinceSeed[];
}

const p = (
  code: string,
  nameZh: string,
  nameEn: string,
  cities: [string, string, string][],
): ProvinceSeed => ({
  code,
  nameZh,
  nameEn,
  cities: cities.map(([c, zh, en]) => [`${code}-${c}`, zh, en]),
});

export const salesRegions: SalesRegionSeed[] = [
  {
    code: 'EAST',
    nameZh: '华东',
    nameEn: 'East China',
    provinces: [
      p('SH', '上海', 'Shanghai', [['SH', '上海市', 'Shanghai']]),
      p('JS', '江苏', 'Jiangsu', [
        ['NJ', '南京', 'Nanjing'],
        ['SZ', '苏州', 'Suzhou'],
        ['WX', '无锡', 'Wuxi'],
      ]),
      p('ZJ', '浙江', 'Zhejiang', [
        ['HZ', '杭州', 'Hangzhou'],
        ['NB', '宁波', 'Ningbo'],
        ['WZ', '温州', 'Wenzhou'],
      ]),
      p('AH', '安徽', 'Anhui', [
        ['HF', '合肥', 'Hefei'],
        ['WH', '芜湖', 'Wuhu'],
      ]),
      p('FJ', '福建', 'Fujian', [
        ['FZ', '福州', 'Fuzhou'],
        ['XM', '厦门', 'Xiamen'],
      ]),
      p('JX', '江西', 'Jiangxi', [
        ['NC', '南昌', 'Nanchang'],
        ['GZ', '赣州', 'Ganzhou'],
      ]),
      p('SD', '山东', 'Shandong', [
        ['JN', '济南', 'Jinan'],
        ['QD', '青岛', 'Qingdao'],
        ['YT', '烟台', 'Yantai'],
      ]),
    ],
  },
  {
    code: 'NORTH',
    nameZh: '华北',
    nameEn: 'North China',
    provinces: [
      p('BJ', '北京', 'Beijing', [['BJ', '北京市', 'Beijing']]),
      p('TJ', '天津', 'Tianjin', [['TJ', '天津市', 'Tianjin']]),
      p('HE', '河北', 'Hebei', [
        ['SJZ', '石家庄', 'Shijiazhuang'],
        ['TS', '唐山', 'Tangshan'],
        ['BD', '保定', 'Baoding'],
      ]),
      p('SX', '山西', 'Shanxi', [
        ['TY', '太原', 'Taiyuan'],
        ['DT', '大同', 'Datong'],
      ]),
      p('NM', '内蒙古', 'Inner Mongolia', [
        ['HHHT', '呼和浩特', 'Hohhot'],
        ['BT', '包头', 'Baotou'],
      ]),
    ],
  },
  {
    code: 'SOUTH',
    nameZh: '华南',
    nameEn: 'South China',
    provinces: [
      p('GD', '广东', 'Guangdong', [
        ['GZ', '广州', 'Guangzhou'],
        ['SZ', '深圳', 'Shenzhen'],
        ['DG', '东莞', 'Dongguan'],
        ['FS', '佛山', 'Foshan'],
      ]),
      p('GX', '广西', 'Guangxi', [
        ['NN', '南宁', 'Nanning'],
        ['LZ', '柳州', 'Liuzhou'],
      ]),
      p('HI', '海南', 'Hainan', [
        ['HK', '海口', 'Haikou'],
        ['SY', '三亚', 'Sanya'],
      ]),
    ],
  },
  {
    code: 'CENTRAL',
    nameZh: '华中',
    nameEn: 'Central China',
    provinces: [
      p('HA', '河南', 'Henan', [
        ['ZZ', '郑州', 'Zhengzhou'],
        ['LY', '洛阳', 'Luoyang'],
      ]),
      p('HB', '湖北', 'Hubei', [
        ['WH', '武汉', 'Wuhan'],
        ['YC', '宜昌', 'Yichang'],
      ]),
      p('HN', '湖南', 'Hunan', [
        ['CS', '长沙', 'Changsha'],
        ['HY', '衡阳', 'Hengyang'],
      ]),
    ],
  },
  {
    code: 'SOUTHWEST',
    nameZh: '西南',
    nameEn: 'Southwest China',
    provinces: [
      p('CQ', '重庆', 'Chongqing', [['CQ', '重庆市', 'Chongqing']]),
      p('SC', '四川', 'Sichuan', [
        ['CD', '成都', 'Chengdu'],
        ['MY', '绵阳', 'Mianyang'],
      ]),
      p('GZ', '贵州', 'Guizhou', [
        ['GY', '贵阳', 'Guiyang'],
        ['ZY', '遵义', 'Zunyi'],
      ]),
      p('YN', '云南', 'Yunnan', [
        ['KM', '昆明', 'Kunming'],
        ['DL', '大理', 'Dali'],
      ]),
      p('XZ', '西藏', 'Tibet', [['LS', '拉萨', 'Lhasa']]),
    ],
  },
  {
    code: 'NORTHWEST',
    nameZh: '西北',
    nameEn: 'Northwest China',
    provinces: [
      p('SN', '陕西', 'Shaanxi', [
        ['XA', '西安', "Xi'an"],
        ['BJ', '宝鸡', 'Baoji'],
      ]),
      p('GS', '甘肃', 'Gansu', [['LZ', '兰州', 'Lanzhou']]),
      p('QH', '青海', 'Qinghai', [['XN', '西宁', 'Xining']]),
      p('NX', '宁夏', 'Ningxia', [['YC', '银川', 'Yinchuan']]),
      p('XJ', '新疆', 'Xinjiang', [['WLMQ', '乌鲁木齐', 'Urumqi']]),
    ],
  },
  {
    code: 'NORTHEAST',
    nameZh: '东北',
    nameEn: 'Northeast China',
    provinces: [
      p('LN', '辽宁', 'Liaoning', [
        ['SY', '沈阳', 'Shenyang'],
        ['DL', '大连', 'Dalian'],
      ]),
      p('JL', '吉林', 'Jilin', [
        ['CC', '长春', 'Changchun'],
        ['JL', '吉林市', 'Jilin'],
      ]),
      p('HL', '黑龙江', 'Heilongjiang', [
        ['HEB', '哈尔滨', 'Harbin'],
        ['DQ', '大庆', 'Daqing'],
      ]),
    ],
  },
];

/** Rows for the regions table in parent-first order, with codes as stable keys. */
export function regionRows(): {
  code: string;
  parentCode: string | null;
  level: string;
  nameZh: string;
  nameEn: string;
}[] {
  const rows: { code: string; parentCode: string | null; level: string; nameZh: string; nameEn: string }[] = [
    { code: 'CN', parentCode: null, level: 'country', nameZh: '中国', nameEn: 'China' },
  ];
  for (const region of salesRegions) {
    rows.push({
      code: region.code,
      parentCode: 'CN',
      level: 'sales_region',
      nameZh: region.nameZh,
      nameEn: region.nameEn,
    });
    for (const province of region.provinces) {
      rows.push({
        code: province.code,
        parentCode: region.code,
        level: 'province',
        nameZh: province.nameZh,
        nameEn: province.nameEn,
      });
      for (const [code, nameZh, nameEn] of province.cities) {
        rows.push({ code, parentCode: province.code, level: 'city', nameZh, nameEn });
      }
    }
  }
  return rows;
}
