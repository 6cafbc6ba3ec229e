import {createRouter, createWebHistory} from 'vue-router';

import {homeFor, session} from './stores/session.js';

const AREA_ROLES = ['dispatcher', 'community_worker', 'district_manager'];

const routes = [
  {path: '/', name: 'home', redirect: () => (session.user ? homeFor(session.user.role) : '/login')},
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: {bare: true, public: true}
  },
  {
    path: '/centre',
    name: 'centre',
    component: () => import('./views/CentreWorkbench.vue'),
    meta: {roles: AREA_ROLES}
  },
  {
    path: '/inbox',
    name: 'inbox',
    component: () => import('./views/HandlerInbox.vue'),
    meta: {roles: ['department_handler']}
  },
  {
    path: '/inspector',
    name: 'inspector',
    component: () => import('./views/InspectorWorkbench.vue'),
    meta: {roles: ['inspector']}
  },
  {
    path: '/my',
    name: 'my',
    component: () => import('./views/ResidentWorkbench.vue'),
    meta: {roles: ['resident']}
  },
  {
    path: '/report',
    name: 'report',
    component: () => import('./views/ReportView.vue'),
    meta: {roles: ['resident', 'inspector', 'community_worker', 'dispatcher', 'district_manager']},
  },
  {
    path: '/overview',
    name: 'overview',
    component: () => import('./views/LeaderOverview.vue'),
    meta: {roles: ['leader', 'district_manager', 'admin']},
  },
  {
    path: '/screen',
    name: 'screen',
    component: () => import('./views/CommandScreen.vue'),
    meta: {bare: true, roles: ['leader', 'district_manager', 'dispatcher', 'community_worker']},
  },
  {
    path: '/evaluation',
    name: 'evaluation',
    component: () => import('./views/EvaluationView.vue'),
    meta: {roles: ['leader', 'district_manager', 'dispatcher', 'community_worker']},
  },
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('./views/NotificationsView.vue'),
  },
  {
    path: '/cases/:id',
    name: 'case',
    component: () => import('./views/CaseDetailView.vue'),
    props: true
  },
  {
    path: '/admin/areas',
    name: 'admin-areas',
    component: () => import('./views/admin/AreasAdmin.vue'),
    meta: {roles: ['admin']}
  },
  {
    path: '/admin/departments',
    name: 'admin-departments',
    component: () => import('./views/admin/DepartmentsAdmin.vue'),
    meta: {roles: ['admin']},
  },
  {
    path: '/admin/categories',
    name: 'admin-categories',
    component: () => import('./views/admin/CategoriesAdmin.vue'),
    meta: {roles: ['admin']},
  },
  {
    path: '/admin/time-limits',
    name: 'admin-time-limits',
    component: () => import('./views/admin/TimeLimitsAdmin.vue'),
    meta: {roles: ['admin']},
  },
  {
    path: '/admin/responsibility',
    name: 'admin-responsibility',
    component: () => import('./views/admin/ResponsibilityAdmin.vue'),
    meta: {roles: ['admin']},
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./views/admin/UsersAdmin.vue'),
    meta: {roles: ['admin']}
  },
  {
    path: '/admin/integration',
    name: 'admin-integration',
    component: () => import('./views/admin/IntegrationAdmin.vue'),
    meta: {roles: ['admin']},
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue')
  },
];

export const router = createRouter({history: createWebHistory(), routes});

router.beforeEach((to) => {
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return homeFor(session.user.role);
    return true;
  }
  if (!session.user) return {name: 'login', query: {next: to.fullPath}};
  const roles = to.meta.roles;
  if (roles && !roles.includes(session.user.role)) return homeFor(session.user.role);
  return true;
});
