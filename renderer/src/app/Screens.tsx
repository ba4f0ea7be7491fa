import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Home } from '../auth/Home';
import { KioskExit } from '../auth/KioskExit';
import { PinScreen } from '../auth/PinScreen';
import { RecoverScreen } from '../auth/RecoverScreen';
import { match, navigate, useRoute } from '../router/hash';
import { homeRouteFor } from './areas';
import { useApp } from './context';
import { Loading } from '../shared/Screen';

// Areas other than login load on first use: the home screen is interactive sooner on an old PC.
function area<M>(load: () => Promise<M>) {
  return <P extends object>(pick: (module: M) => ComponentType<P>) =>
    lazy(async () => ({ default: pick(await load()) }));
}
const learner = area(() => import('../learner'));
const operator = area(() => import('../operator'));
const setup = area(() => import('../setup/SetupWizard'));
const hub = area(() => import('../hub'));

const SetupWizard = setup((m) => m.SetupWizard);
const LearnerHome = learner((m) => m.LearnerHome);
const MyResults = learner((m) => m.MyResults);
const CourseOutline = learner((m) => m.CourseOutline);
const LessonView = learner((m) => m.LessonView);
const QuizScreen = learner((m) => m.QuizScreen);
const QuizResult = learner((m) => m.QuizResult);
const MyCertificates = learner((m) => m.MyCertificates);
const CertificateView = learner((m) => m.CertificateView);
const LearnersList = operator((m) => m.LearnersList);
const LearnerCreate = operator((m) => m.LearnerCreate);
const LearnerEdit = operator((m) => m.LearnerEdit);
const AuditLog = operator((m) => m.AuditLog);
const SettingsScreen = operator((m) => m.SettingsScreen);
const UpdatesScreen = operator((m) => m.UpdatesScreen);
const VoicesScreen = operator((m) => m.VoicesScreen);
const CoursesScreen = operator((m) => m.CoursesScreen);
const InstallFromDrive = operator((m) => m.InstallFromDrive);
const VillageReport = operator((m) => m.VillageReport);
const LearnerHistory = operator((m) => m.LearnerHistory);
const CertificatesScreen = operator((m) => m.CertificatesScreen);
const TransferScreen = operator((m) => m.TransferScreen);
const LrsScreen = operator((m) => m.LrsScreen);
const BackupScreen = operator((m) => m.BackupScreen);
const HubHome = hub((m) => m.HubHome);
const HubImport = hub((m) => m.HubImport);
const HubReport = hub((m) => m.HubReport);
const HeldKeys = hub((m) => m.HeldKeys);
const HubCertificate = hub((m) => m.HubCertificate);
const HubCertOffer = hub((m) => m.HubCertOffer);
const HubBackup = hub((m) => m.HubBackup);

type Table = [pattern: string, render: (p: Record<string, string>) => ReactNode][];

const ANYONE: Table = [
  ['/pin/:accountId', (p) => <PinScreen key={p.accountId} accountId={p.accountId!} />],
  ['/recover', () => <RecoverScreen />],
  ['/kiosk-exit', () => <KioskExit />],
];

const LEARNER: Table = [
  ['/learn', () => <LearnerHome />],
  ['/learn/results', () => <MyResults />],
  ['/learn/course/:courseId', (p) => <CourseOutline key={p.courseId} courseId={p.courseId!} />],
  [
    '/learn/lesson/:courseId/:lessonId',
    (p) => <LessonView key={`${p.courseId}/${p.lessonId}`} courseId={p.courseId!} lessonId={p.lessonId!} />,
  ],
  [
    '/learn/quiz/:courseId/:quizId',
    (p) => <QuizScreen key={`${p.courseId}/${p.quizId}`} courseId={p.courseId!} quizId={p.quizId!} />,
  ],
  [
    '/learn/quiz/:courseId/:quizId/result/:attemptId',
    (p) => (
      <QuizResult key={p.attemptId} courseId={p.courseId!} quizId={p.quizId!} attemptId={p.attemptId!} />
    ),
  ],
  ['/learn/certificates', () => <MyCertificates />],
  ['/learn/certificates/:number', (p) => <CertificateView key={p.number} number={p.number!} />],
];

const OPERATOR: Table = [
  ['/operator', () => <LearnersList />],
  ['/operator/learners/new', () => <LearnerCreate />],
  ['/operator/learners/:id', (p) => <LearnerEdit key={p.id} id={p.id!} />],
  ['/operator/audit', () => <AuditLog />],
  ['/operator/settings', () => <SettingsScreen />],
  ['/operator/settings/updates', () => <UpdatesScreen />],
  ['/operator/settings/voices', () => <VoicesScreen />],
  ['/operator/courses', () => <CoursesScreen />],
  ['/operator/courses/install', () => <InstallFromDrive />],
  ['/operator/village', () => <VillageReport />],
  ['/operator/village/:learnerId', (p) => <LearnerHistory key={p.learnerId} learnerId={p.learnerId!} />],
  ['/operator/certificates', () => <CertificatesScreen />],
  ['/operator/transfer', () => <TransferScreen />],
  ['/operator/transfer/lrs', () => <LrsScreen />],
  ['/operator/backup', () => <BackupScreen />],
  ['/operator/kiosk-exit', () => <KioskExit />],
];

/** The office admin on a hub (issue 9): the hub's places and the shared ones (courses, log, settings). */
const HUB: Table = [
  ['/operator', () => <HubHome />],
  ['/operator/import', () => <HubImport />],
  ['/operator/report', () => <HubReport />],
  ['/operator/held', () => <HeldKeys />],
  ['/operator/certificate', () => <HubCertificate />],
  ['/operator/certificate/first', () => <HubCertOffer />],
  ['/operator/backup', () => <HubBackup />],
  ['/operator/audit', () => <AuditLog />],
  ['/operator/settings', () => <SettingsScreen />],
  ['/operator/settings/updates', () => <UpdatesScreen />],
  ['/operator/settings/voices', () => <VoicesScreen />],
  ['/operator/courses', () => <CoursesScreen />],
  ['/operator/courses/install', () => <InstallFromDrive />],
  ['/operator/kiosk-exit', () => <KioskExit />],
];

function find(table: Table, route: string): ReactNode | undefined {
  for (const [pattern, render] of table) {
    const params = match(pattern, route);
    if (params) return render(params);
  }
  return undefined;
}

/** Picks the screen for the route, within what the person (or nobody) may see. */
export function Screens() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Loading name="area" label={t('common.loading')} />}>
      <RouteScreen />
    </Suspense>
  );
}

function RouteScreen() {
  const route = useRoute();
  const { info, account } = useApp();
  if (!info.setUp) return <SetupWizard />;
  if (!account) return find(ANYONE, route) ?? <Home />;
  const operatorTable = info.mode === 'hub' ? HUB : OPERATOR;
  const screen =
    (account.isLearner && find(LEARNER, route)) ||
    (account.isOperator && find(operatorTable, route)) ||
    undefined;
  return screen ?? <Redirect to={homeRouteFor(account)} />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
