import { rememberedCity } from '../../services/city';
import { ID_TYPES } from '../../shared/personal';
import {
  CATEGORY_OPTIONS,
  type FormRules,
  type PersonFormValues,
  RELATIONSHIP_OPTIONS,
  SCHEME_OPTIONS,
  fieldProblem,
  formProblems,
} from '../../utils/personForm';

const EMPTY: PersonFormValues = {
  name: '',
  idType: 'resident',
  idNumber: '',
  mobile: '',
  cityCode: '',
  scheme: '',
  category: '',
  relationship: '',
};

/**
 * The person form of 我的 and of 家庭成员: checks each field as it is left and all on submit (the same checks
 * as the server), shows each problem next to its field, and emits `submit` with the values when they pass.
 * Errors the server finds come in through `serverErrors` and are shown the same way.
 */
Component({
  options: { styleIsolation: 'shared' },
  properties: {
    kind: { type: String, value: 'profile' },
    hasSaved: { type: Boolean, value: false },
    initial: { type: Object, value: {} },
    cities: { type: Array, value: [] },
    serverErrors: { type: Object, value: {} },
    savedIdNumber: { type: String, value: '' },
    savedMobile: { type: String, value: '' },
    submitText: { type: String, value: '保存' },
    busy: { type: Boolean, value: false },
  },
  data: {
    values: { ...EMPTY },
    /** A member form only: the caller declares they are the minor's guardian (监护人声明). */
    guardian: false,
    errors: {} as Record<string, string>,
    idTypes: ID_TYPES,
    schemes: SCHEME_OPTIONS,
    categories: [] as Array<{ value: string; label: string }>,
    relationships: RELATIONSHIP_OPTIONS,
    cityOptions: [] as Array<{ value: string; label: string }>,
  },
  observers: {
    initial(initial: Partial<PersonFormValues>) {
      const values = { ...EMPTY, ...initial, idNumber: '', mobile: '' };
      values.cityCode ||= this.homeCity(this.data.cityOptions);
      this.setData({ values, guardian: false, categories: values.scheme ? CATEGORY_OPTIONS[values.scheme] : [] });
    },
    cities(cities: Array<{ code: string; name: string }>) {
      const cityOptions = cities.map((c) => ({ value: c.code, label: c.name }));
      this.setData({ cityOptions });
      if (!this.data.values.cityCode) this.setData({ 'values.cityCode': this.homeCity(cityOptions) });
    },
    serverErrors(errors: Record<string, string[]>) {
      const shown: Record<string, string> = {};
      for (const [field, messages] of Object.entries(errors ?? {})) shown[field] = messages[0];
      if (Object.keys(shown).length) this.setData({ errors: shown });
    },
  },
  methods: {
    /** 参保地 not given yet: the city chosen on the home page, when it is one offered here (the person can change it). */
    homeCity(options: Array<{ value: string }>): string {
      const code = rememberedCity();
      return code && options.some((o) => o.value === code) ? code : '';
    },

    rules(): FormRules {
      return { kind: this.data.kind as FormRules['kind'], hasSaved: this.data.hasSaved };
    },

    set(field: keyof PersonFormValues, value: string) {
      const values = { ...this.data.values, [field]: value } as PersonFormValues;
      const patch: Record<string, unknown> = { values };
      if (field === 'scheme') {
        values.category = '';
        patch.categories = CATEGORY_OPTIONS[value as 'employee' | 'resident'];
      }
      // A typed field being corrected loses its old error until it is left; choices are checked at once.
      const error = ['name', 'idNumber', 'mobile'].includes(field) ? null : fieldProblem(field, values, this.rules());
      patch.errors = { ...this.data.errors, [field]: error ?? '' };
      this.setData(patch);
    },

    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.set(e.currentTarget.dataset.field, e.detail.value);
    },

    onChoose(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.set(e.currentTarget.dataset.field, e.detail.value);
    },

    onGuardianChange(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ guardian: !!e.detail.checked, 'errors.guardianDeclaration': '' });
    },

    onBlur(e: WechatMiniprogram.CustomEvent) {
      const field = e.currentTarget.dataset.field as keyof PersonFormValues;
      this.setData({ [`errors.${field}`]: fieldProblem(field, this.data.values, this.rules()) ?? '' });
    },

    submit() {
      const errors = formProblems(this.data.values, this.rules());
      this.setData({ errors });
      if (Object.keys(errors).length) return false;
      this.triggerEvent('submit', {
        values: this.data.values,
        guardian: this.data.kind === 'member' && this.data.guardian,
      });
      return true;
    },
  },
});
