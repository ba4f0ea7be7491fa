/** The learner area, loaded on first use (it brings markdown-it), so the login screen starts faster. */
import './learner.css';

export { CertificateView, MyCertificates } from './Certificates';
export { CourseOutline } from './CourseOutline';
export { LearnerHome } from './LearnerHome';
export { LessonView } from './LessonView';
export { MyResults } from './MyResults';
export { QuizResult } from './QuizResult';
export { QuizScreen } from './QuizScreen';
